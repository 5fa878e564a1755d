"""audit log append-only on PostgreSQL

Revision ID: audit_append_only
Revises: 457317b0afe3
Create Date: 2026-11-23 16:15:00

Hand-written (autogenerate does not see triggers). scripts/regenerate-initial-migration.sh keeps
this file and points down_revision at the regenerated initial migration.

On PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE on audit_event, whoever asks: the
application only ever adds entries. SQLite has no such trigger; there, as everywhere, the hash
chain (`flask audit verify`) detects an edited or deleted entry.
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "audit_append_only"
down_revision = "457317b0afe3"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
        "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()"
    )
    op.execute(
        "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER audit_event_no_truncate ON audit_event")
    op.execute("DROP TRIGGER audit_event_append_only ON audit_event")
    op.execute("DROP FUNCTION audit_event_refuse_change()")
