"""What the agent may do: typed functions, one per musical action."""
