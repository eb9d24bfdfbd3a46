"""The API's resources (``client.predictions``, ``client.models``...), one module per resource."""
