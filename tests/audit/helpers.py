"""Write a few audit entries the way the application does."""

from engagement_portal.audit import services as audit
from engagement_portal.extensions import db


def write_entries(actor, count: int) -> list[int]:
    ids = []
    for number in range(count):
        ids.append(audit.record(actor, "test.thing_done", actor, number=number).id)
    db.session.commit()
    return ids
