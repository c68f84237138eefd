"""Every write of deliberation, by sub-domain: `actions` (resolutions' actions), `matters` (三重一大, spendings),
`summons` (约请)."""
