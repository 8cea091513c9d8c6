"""The demo inbox that `make run` drops into the Maildir channel, so the first minute shows work."""
