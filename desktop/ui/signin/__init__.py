"""Sign-in: the host's list of who is here, and the participants' kiosk."""
