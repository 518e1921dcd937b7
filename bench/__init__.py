"""`make bench`: cold start and warm latency of the Lambda functions against the local emulation."""
