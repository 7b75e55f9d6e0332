"""Pictures: the house style, the timeline's data and the plotly chart builders."""
