"""Front Door: the domain and its adapters, shared by every function."""
