"""Registry pages by audience: `public` (IKM and sentra profiles), `owner` (registration in steps,
certificates, submission) and `officer` (the verification desk)."""
