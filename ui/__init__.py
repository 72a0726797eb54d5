"""What the musician sees: the web app and the `cowriter` command."""
