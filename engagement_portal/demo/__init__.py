"""Demo data for trying the portal locally: `flask demo load` and `flask demo sign-ins`."""
