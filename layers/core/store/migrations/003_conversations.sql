-- Conversations, so a follow-up question gets its context from earlier turns.
CREATE TABLE conversations (
  id          uuid PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE conversation_messages (
  id               bigserial PRIMARY KEY,
  conversation_id  uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  role             text NOT NULL CHECK (role IN ('user', 'assistant')),
  content          text NOT NULL,
  intent           text,
  language         text,
  citations        jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX conversation_messages_conversation_idx ON conversation_messages (conversation_id, id);
