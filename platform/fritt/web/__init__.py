"""The shared accessible layout (Designsystemet), language switch and error pages."""
