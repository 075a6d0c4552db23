from django.db import migrations

# A number that changes when a transaction that changed what a search can find or filter on
# commits, so that a search's ranking and count can be reused until then (archive/search/
# engine.py). The same pattern as the rollups (0010): statement-level triggers on the tables a
# search reads queue one deferred trigger per transaction, which bumps the number at commit.
# A reader that sees the new number sees the commit, in the same snapshot; one that sees the
# old number may still reuse what was computed before it.
#
# The bump takes the rollups' advisory lock first, so that two writers committing at once
# lock the recount and the number in the same order.
TABLES = (
    "archive_meeting",
    "archive_meetingsearch",
    "archive_agendaitem",
    "archive_decisiondepartment",
    "archive_attendee",
)

FORWARD = r"""
CREATE TABLE archive_search_generation (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    value bigint NOT NULL
);
INSERT INTO archive_search_generation (value) VALUES (0);
CREATE TABLE archive_search_pending (id bigserial PRIMARY KEY);

CREATE FUNCTION archive_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('archive.search_pending', true), '') <> 'on' THEN
        PERFORM set_config('archive.search_pending', 'on', true);
        INSERT INTO archive_search_pending DEFAULT VALUES;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION archive_search_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('archive.search_pending', '', true);
    DELETE FROM archive_search_pending;
    PERFORM pg_advisory_xact_lock(hashtext('archive_rollup_flush'));
    UPDATE archive_search_generation SET value = value + 1;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER archive_search_at_commit
    AFTER INSERT ON archive_search_pending
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION archive_search_at_commit();
""" + "".join(
    f"""
CREATE TRIGGER archive_search_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION archive_search_changed();
"""
    for table in TABLES
)

BACKWARD = (
    # A transaction that changed a table before migrating back still has its bump queued.
    "SET CONSTRAINTS archive_search_at_commit IMMEDIATE;\n"
    + "".join(f"DROP TRIGGER archive_search_changed ON {table};\n" for table in TABLES)
    + """
DROP TRIGGER archive_search_at_commit ON archive_search_pending;
DROP FUNCTION archive_search_at_commit();
DROP FUNCTION archive_search_changed();
DROP TABLE archive_search_pending;
DROP TABLE archive_search_generation;
"""
)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0014_meeting_body_index"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
