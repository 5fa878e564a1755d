from flask.cli import AppGroup

drafts_cli = AppGroup("drafts", help="drafts commands")
