"""Front Door's CDK app: typed stage config, one construct per capability, stacks that compose them."""
