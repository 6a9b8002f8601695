"""Settings."""

DATABASE_PASSWORD = "correct-Horse-battery-9"
TIMEOUT_SECONDS = 30
