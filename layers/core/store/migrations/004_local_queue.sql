-- The local stack's durable queue, with SQS semantics (visibility timeout, receive count,
-- dead letters). In AWS the same roles are played by SQS and its DLQ; these tables stay empty.
CREATE TABLE queue_messages (
  id                 bigserial PRIMARY KEY,
  queue              text NOT NULL,
  body               text NOT NULL,
  sent_at            timestamptz NOT NULL DEFAULT clock_timestamp(),
  visible_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  receive_count      integer NOT NULL DEFAULT 0,
  receipt_handle     uuid,
  first_received_at  timestamptz,
  last_error         text
);
CREATE INDEX queue_messages_ready_idx ON queue_messages (queue, visible_at, id);

CREATE TABLE queue_dead_letters (
  id                bigserial PRIMARY KEY,
  queue             text NOT NULL,
  message_id        bigint NOT NULL,
  body              text NOT NULL,
  receive_count     integer NOT NULL,
  reason            text NOT NULL,
  sent_at           timestamptz NOT NULL,
  dead_lettered_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
