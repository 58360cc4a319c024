-- Feedback and insights: every assistant message gets a public id that a rating refers to, and
-- keeps what the insights report on (whether it was answered, how, its token use and step times).
ALTER TABLE conversation_messages ADD COLUMN message_id uuid UNIQUE;
ALTER TABLE conversation_messages ADD COLUMN not_found boolean;
ALTER TABLE conversation_messages ADD COLUMN answer_mode text;
ALTER TABLE conversation_messages ADD COLUMN usage jsonb;
ALTER TABLE conversation_messages ADD COLUMN timings jsonb;
CREATE INDEX conversation_messages_created_idx ON conversation_messages (created_at);

-- One rating per assistant message; a repeat rating replaces the earlier one. Purged with the
-- message when the insights retention expires.
CREATE TABLE message_feedback (
  message_id   uuid PRIMARY KEY REFERENCES conversation_messages (message_id) ON DELETE CASCADE,
  user_id      text NOT NULL,
  rating       text NOT NULL CHECK (rating IN ('up', 'down')),
  comment      text,
  -- The document that should have answered, when the rater knows it: the gold source of an evaluation.
  gold_source  text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_feedback_updated_idx ON message_feedback (updated_at);
