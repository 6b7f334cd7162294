"""Sign-in: registering people, the kiosk's lookup, attendance, exit cards, merging and erasure. No Qt here."""
