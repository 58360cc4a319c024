/**
 * How AWS SDK clients the core creates are instrumented (X-Ray tracing in the Lambdas). The
 * core cannot depend on the Lambda tooling, so the Lambda layer registers it once at module
 * scope; elsewhere clients stay as they are.
 */
type Instrument = <Client>(client: Client) => Client;

let instrument: Instrument = (client) => client;

export function instrumentAwsClients(wrap: Instrument): void {
  instrument = wrap;
}

export function instrumented<Client>(client: Client): Client {
  return instrument(client);
}
