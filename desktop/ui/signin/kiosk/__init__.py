"""The self sign-in kiosk: a full-screen window for participants, left only with the host's PIN."""
