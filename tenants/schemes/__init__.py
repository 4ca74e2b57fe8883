"""Approval schemes (godkjenningsordninger) a municipality announces under the approval model."""
