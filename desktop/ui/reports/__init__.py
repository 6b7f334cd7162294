"""Reports: who comes, who comes back, what keeps people away."""
