"""Constructs of the Front Door stack: one per capability, plus the shared function factory and layers."""
