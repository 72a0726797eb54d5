"""The band: arrangement styles and the players that turn a sheet into timed notes."""
