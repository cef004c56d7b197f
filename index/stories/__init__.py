"""Stories: same-story copies, related articles and the key terms and topic space behind them."""
