-- dms-delta row images: a PostgreSQL trigger that sends every row change of the tables it tracks as one JSON object,
--   {"op": TG_OP, "schema", "table", "seq", "txid", "ts", "old": row_to_json(OLD), "new": row_to_json(NEW)}
-- for dms-delta's "pg-trigger" source (docs/configuration.md, "Row triggers"). Run it once per database, as a
-- superuser or the tables' owner, then track each table:
--   SELECT dmsdelta.track('public.accounts');
-- Delivery (dmsdelta.settings):
--   'queue'  (the default) the event goes into dmsdelta.change_queue, in the same transaction as the change: a
--            rolled-back transaction leaves nothing. A job moves the queue to S3 (see dmsdelta.drain).
--   'lambda' (Aurora PostgreSQL with the aws_lambda extension) the event goes to a Lambda function, invoked
--            asynchronously ('Event'), which writes it to S3 (the lambda-trigger module's RowImageHandler). An
--            invocation cannot be rolled back: a rolled-back transaction still sends its rows, and Lambda may deliver
--            an event twice. Set it with
--              UPDATE dmsdelta.settings SET delivery = 'lambda', lambda_arn = '<function ARN>', lambda_region = '<region>';
-- "seq" comes from one sequence, taken in the trigger while the row is locked: a key's changes get increasing values,
-- so dms-delta applies each key's newest change and drops repeats. Keep the sequence's CACHE at 1.

CREATE SCHEMA IF NOT EXISTS dmsdelta;

CREATE SEQUENCE IF NOT EXISTS dmsdelta.change_seq AS bigint CACHE 1;

CREATE TABLE IF NOT EXISTS dmsdelta.settings (
    only_row      boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    delivery      text NOT NULL DEFAULT 'queue' CHECK (delivery IN ('queue', 'lambda')),
    lambda_arn    text,
    lambda_region text,
    CHECK (delivery = 'queue' OR (lambda_arn IS NOT NULL AND lambda_region IS NOT NULL))
);
INSERT INTO dmsdelta.settings DEFAULT VALUES ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS dmsdelta.change_queue (
    seq       bigint PRIMARY KEY,
    queued_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    event     json NOT NULL
);

CREATE OR REPLACE FUNCTION dmsdelta.row_image() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    settings dmsdelta.settings;
    seq      bigint := nextval('dmsdelta.change_seq');
    event    json;
BEGIN
    event := json_build_object(
        'op', TG_OP,
        'schema', TG_TABLE_SCHEMA,
        'table', TG_TABLE_NAME,
        'seq', seq,
        'txid', txid_current(),
        'ts', clock_timestamp(),
        'old', CASE WHEN TG_LEVEL = 'ROW' AND TG_OP IN ('UPDATE', 'DELETE') THEN row_to_json(OLD) END,
        'new', CASE WHEN TG_LEVEL = 'ROW' AND TG_OP IN ('INSERT', 'UPDATE') THEN row_to_json(NEW) END);
    SELECT * INTO settings FROM dmsdelta.settings;
    IF settings.delivery = 'lambda' THEN
        PERFORM aws_lambda.invoke(aws_commons.create_lambda_function_arn(settings.lambda_arn, settings.lambda_region),
                                  event, 'Event');
    ELSE
        INSERT INTO dmsdelta.change_queue (seq, event) VALUES (seq, event);
    END IF;
    RETURN NULL;
END
$$;

-- Sends the table's row changes (AFTER each row) and its truncates (AFTER the statement).
CREATE OR REPLACE FUNCTION dmsdelta.track(tracked regclass) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    EXECUTE format('DROP TRIGGER IF EXISTS dmsdelta_row_image ON %s', tracked);
    EXECUTE format('DROP TRIGGER IF EXISTS dmsdelta_truncate ON %s', tracked);
    EXECUTE format('CREATE TRIGGER dmsdelta_row_image AFTER INSERT OR UPDATE OR DELETE ON %s'
                   ' FOR EACH ROW EXECUTE FUNCTION dmsdelta.row_image()', tracked);
    EXECUTE format('CREATE TRIGGER dmsdelta_truncate AFTER TRUNCATE ON %s'
                   ' FOR EACH STATEMENT EXECUTE FUNCTION dmsdelta.row_image()', tracked);
END
$$;

-- The queue's oldest events, at most max_events, in order. A job exports them as one JSON-lines object (one event
-- per line), stores it in S3 under a name that sorts after the previous ones, and only then removes exactly those
-- events with dmsdelta.forget(<their seq values>): an export that fails is simply made again (dms-delta drops the
-- repeats). Never remove "everything up to a seq": a transaction that took a smaller seq may commit later.
CREATE OR REPLACE FUNCTION dmsdelta.drain(max_events integer) RETURNS TABLE (seq bigint, event json)
    LANGUAGE sql STABLE
AS $$
    SELECT q.seq, q.event FROM dmsdelta.change_queue q ORDER BY q.seq LIMIT max_events
$$;

CREATE OR REPLACE FUNCTION dmsdelta.forget(exported bigint[]) RETURNS bigint
    LANGUAGE sql
AS $$
    WITH gone AS (DELETE FROM dmsdelta.change_queue WHERE seq = ANY (exported) RETURNING 1) SELECT count(*) FROM gone
$$;
