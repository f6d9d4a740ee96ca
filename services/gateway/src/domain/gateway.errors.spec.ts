import {
  badInput,
  forbidden,
  GatewayError,
  limitExceeded,
  unauthenticated,
} from './gateway.errors';

describe(GatewayError.name, () => {
  it.each([
    [unauthenticated(), 'unauthenticated', 'a valid bearer token is required'],
    [forbidden('no'), 'forbidden', 'no'],
    [badInput('bad'), 'badInput', 'bad'],
    [limitExceeded('big'), 'limitExceeded', 'big'],
  ])('%s carries its kind and safe message', (error, kind, message) => {
    expect(error).toMatchObject({ kind, message, name: 'GatewayError' });
  });
});
