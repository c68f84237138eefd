"""Every write of the meetings engine, by sub-domain: `bodies` (bodies, seats, members), `meetings` (schedule, room,
invitations, sign-in, open and close), `agenda` (items), `decisions` (votes, consensus), `minutes` (纪要, attachments)."""
