"""engagements"""
