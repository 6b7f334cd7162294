"""Qt widgets, item models and dialogs. Calls domain code; never writes SQL."""
