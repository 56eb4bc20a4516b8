"""Component ids of the tokens page."""

NAME, CREATE, NEW, NEW_VALUE = "tokens-name", "tokens-create", "tokens-new", "tokens-new-value"
TABLE, MESSAGE, REFRESH, REVOKE = "tokens-table", "tokens-message", "tokens-refresh", "tokens-revoke"
