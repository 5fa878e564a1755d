from tests.outbox.smtp import mailbox, smtp_port  # noqa: F401  (fixtures)
