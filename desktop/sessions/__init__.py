"""Venues and sessions: planning, opening and closing (a closed session is backed up). No Qt here."""
