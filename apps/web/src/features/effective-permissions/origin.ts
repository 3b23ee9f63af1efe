/** Where the Externally Secured Servers identity comes from, said wherever that identity is shown. */
export const ES_ORIGIN =
  'Sessions get this identity only when the connector’s authentication includes Externally Secured (ExternalAuthoritative); its entries are written by the Exchange servers permission group.';
