"""The searches of the load test's mix, shared by the locustfile and the per-page timings."""

QUERIES = [
    "排水许可",
    "老旧小区改造",
    "财政局",
    "城市更新 资金",
    '"安全生产"',
    "水务 OR 供水",
    "审批 -招商",
]
