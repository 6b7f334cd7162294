"""The Sessions and Sign-in pages: planning, the host's roster, and starting the kiosk."""
