"""Where the checkout and its local state are; shared by base and the integration modules."""

from pathlib import Path

from .env import env_str

ROOT_DIR = Path(__file__).resolve().parents[3]
# Only a path: nothing is created here (see fritt.devtools.runner and fritt.celery_app).
DATA_DIR = Path(env_str("FRITT_DATA_DIR", str(ROOT_DIR / ".data")))
