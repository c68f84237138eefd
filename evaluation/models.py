"""民主监督评议 and 物业服务评价 (S3.2): evaluation plans, indicators, periods and scores."""
