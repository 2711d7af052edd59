from typing import Any, Optional, Union

from .async_base_client import AsyncBaseClient
from .base_model import UNSET, UnsetType
from .district_volunteers import DistrictVolunteers
from .node import Node


def gql(q: str) -> str:
    return q


class Client(AsyncBaseClient):
    async def district_volunteers(
        self,
        path: str,
        first: int,
        after: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> DistrictVolunteers:
        query = gql("""
            query DistrictVolunteers($path: String!, $first: Int!, $after: String) {
              region(path: $path) {
                id
                name
                volunteers(first: $first, after: $after) {
                  totalCount
                  edges {
                    cursor
                    node {
                      id
                      name
                      realNameRegistered
                      region {
                        path
                      }
                    }
                  }
                  pageInfo {
                    hasNextPage
                    endCursor
                  }
                }
              }
            }
            """)
        variables: dict[str, object] = {"path": path, "first": first, "after": after}
        response = await self.execute(
            query=query,
            operation_name="DistrictVolunteers",
            variables=variables,
            **kwargs,
        )
        data = self.get_data(response)
        return DistrictVolunteers.model_validate(data)

    async def node(self, id: str, **kwargs: Any) -> Node:
        query = gql("""
            query Node($id: ID!) {
              node(id: $id) {
                __typename
                id
                ... on Volunteer {
                  name
                }
              }
            }
            """)
        variables: dict[str, object] = {"id": id}
        response = await self.execute(
            query=query, operation_name="Node", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Node.model_validate(data)
