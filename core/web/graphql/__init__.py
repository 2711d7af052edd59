"""The GraphQL API: schema assembled from core types and plugin contributions."""
