// A storefront journey through Salesforce's commerce-sdk-isomorphic (5.x), unchanged, against
// a running shopsite, as a PWA Kit storefront configures it (proxy = shopsite's origin):
//   node scapi_journey.mjs ORIGIN CLIENT_ID PRIVATE_CLIENT_ID PRIVATE_SECRET [SITE_ID]
// SLAS through the SDK's own helpers, then Shopper Customers through its classes; an OCAPI
// write read through SCAPI and the reverse. One line per step; exits non-zero at the first
// step whose result differs from what a storefront needs.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { ShopperLogin, ShopperCustomers, helpers } = require('commerce-sdk-isomorphic')

const [origin, clientId, privateClientId, privateSecret, siteId = 'RefArch'] = process.argv.slice(2)
const parameters = { clientId, organizationId: 'f_ecom_zzzz_001', shortCode: 'kv7kzm78', siteId }
const config = { proxy: origin, parameters, throwOnBadResponse: true }
const redirectURI = 'http://localhost:3000/callback'
const slas = new ShopperLogin(config)
const shopperCustomers = (token) =>
  new ShopperCustomers({ ...config, headers: { authorization: `Bearer ${token}` } })
const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString())
const isb = (jwt) => Object.fromEntries(claims(jwt).isb.split('::').map((p) => p.split(/:(.*)/s).slice(0, 2)))
const step = (name, detail = '') => console.log(`ok  ${name}${detail ? ': ' + detail : ''}`)
const ocapi = async (method, path, token, body) => {
  const response = await fetch(`${origin}/s/${siteId}/dw/shop/v19_5${path}`, {
    method,
    headers: { 'x-dw-client-id': clientId, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  })
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`)
  return response.status === 204 ? null : response.json()
}
const expectError = async (promise, status) => {
  try {
    await promise
  } catch (error) {
    assert.equal(error.response.status, status)
    return error.response.json()
  }
  assert.fail(`expected HTTP ${status}`)
}

const login = `scapi-${Date.now()}`
const password = 'Scapi!Passw0rd-1'

async function main() {
  // --- SLAS through the SDK's helpers ---
  const guest = await helpers.loginGuestUser({ slasClient: slas, parameters: { redirectURI } })
  assert.equal(guest.token_type, 'BEARER')
  assert.equal(isb(guest.access_token).upn, 'Guest')
  assert.equal(isb(guest.access_token).gcid, guest.customer_id)
  assert.ok(guest.usid && guest.refresh_token)
  step('loginGuestUser', guest.customer_id)

  const guestApi = shopperCustomers(guest.access_token)
  const registered = await guestApi.registerCustomer({
    body: { customer: { login, email: `${login}@example.com`, firstName: 'Ada', lastName: 'Scapi' }, password },
  })
  assert.equal(registered.login, login)
  assert.equal(registered.authType, 'registered')
  assert.equal(registered._v, undefined)
  step('registerCustomer', registered.customerNo)

  const me = await helpers.loginRegisteredUserB2C({
    slasClient: slas,
    credentials: { username: login, password },
    parameters: { redirectURI },
  })
  assert.equal(me.customer_id, registered.customerId)
  assert.equal(isb(me.access_token).upn, login)
  assert.equal(isb(me.access_token).rcid, registered.customerId)
  const customerId = me.customer_id
  step('loginRegisteredUserB2C', customerId)

  const refreshed = await helpers.refreshAccessToken({ slasClient: slas, parameters: { refreshToken: me.refresh_token } })
  assert.equal(refreshed.customer_id, customerId)
  assert.notEqual(refreshed.refresh_token, me.refresh_token)
  await expectError(helpers.refreshAccessToken({ slasClient: slas, parameters: { refreshToken: me.refresh_token } }), 400)
  step('refreshAccessToken', 'rotated; the used token is refused')

  const jwks = await slas.getJwksUri()
  assert.ok(jwks.keys.some((key) => key.kid && key.kty === 'EC'))
  step('getJwksUri', `${jwks.keys.length} key(s)`)

  // The reuse above revoked that session: log in again for the rest.
  const session = await helpers.loginRegisteredUserB2C({
    slasClient: slas,
    credentials: { username: login, password },
    parameters: { redirectURI },
  })
  const api = shopperCustomers(session.access_token)

  // --- Shopper Customers ---
  const customer = await api.getCustomer({ parameters: { customerId } })
  assert.equal(customer.customerId, customerId)
  assert.equal(customer.firstName, 'Ada')
  step('getCustomer')

  const updated = await api.updateCustomer({ parameters: { customerId }, body: { phoneMobile: '555-0100', c_loyalty: 'gold' } })
  assert.equal(updated.phoneMobile, '555-0100')
  assert.equal(updated.c_loyalty, 'gold')
  step('updateCustomer')

  const address = await api.createCustomerAddress({
    parameters: { customerId },
    body: { addressId: 'home', address1: '5 Wall St', city: 'Burlington', countryCode: 'US', firstName: 'Ada', lastName: 'Scapi', postalCode: '01805', preferred: true },
  })
  assert.equal(address.fullName, 'Ada Scapi')
  assert.equal((await api.getCustomerAddress({ parameters: { customerId, addressName: 'home' } })).city, 'Burlington')
  const renamed = await api.updateCustomerAddress({
    parameters: { customerId, addressName: 'home' },
    body: { addressId: 'house', city: 'Boston', countryCode: 'US', lastName: 'Scapi' },
  })
  assert.equal(renamed.addressId, 'house')
  assert.equal(renamed.city, 'Boston')
  await api.createCustomerAddress({ parameters: { customerId }, body: { addressId: 'work', countryCode: 'US', lastName: 'Scapi' } })
  await api.removeCustomerAddress({ parameters: { customerId, addressName: 'work' } })
  const missing = await expectError(api.getCustomerAddress({ parameters: { customerId, addressName: 'work' } }), 404)
  assert.match(missing.type, /\/errors\/customer-address-not-found$/)
  assert.equal(missing.title, 'Customer Address Not Found')
  step('addresses', 'create, get, update (rename), remove; problem details on 404')

  const card = await api.createCustomerPaymentInstrument({
    parameters: { customerId },
    body: { paymentMethodId: 'CREDIT_CARD', paymentCard: { cardType: 'Visa', number: '4111111111111111', holder: 'Ada Scapi', expirationMonth: 12, expirationYear: 2030 } },
  })
  assert.equal(card.paymentCard.maskedNumber, '************1111')
  assert.equal(card.paymentCard.number, undefined)
  const read = await api.getCustomerPaymentInstrument({ parameters: { customerId, paymentInstrumentId: card.paymentInstrumentId } })
  assert.equal(read.paymentCard.numberLastDigits, '1111')
  const replaced = await api.updateCustomerPaymentInstrument({
    parameters: { customerId, paymentInstrumentId: card.paymentInstrumentId },
    body: { paymentMethodId: 'CREDIT_CARD', paymentCard: { cardType: 'Master Card', number: '5555555555554444', holder: 'Ada Scapi', expirationMonth: 1, expirationYear: 2031 } },
  })
  assert.equal(replaced.paymentCard.maskedNumber, '************4444')
  assert.equal(replaced.paymentCard.cardType, 'Master Card')
  const withAll = await api.getCustomer({ parameters: { customerId } })
  assert.equal(withAll.paymentInstruments.length, 1)
  assert.equal(withAll.addresses.length, 1)
  await api.deleteCustomerPaymentInstrument({ parameters: { customerId, paymentInstrumentId: card.paymentInstrumentId } })
  await expectError(api.getCustomerPaymentInstrument({ parameters: { customerId, paymentInstrumentId: card.paymentInstrumentId } }), 404)
  step('payment instruments', 'create (masked), get, update, embedded in getCustomer, delete')

  const orders = await api.getCustomerOrders({ parameters: { customerId, offset: 0, limit: 5 } })
  assert.equal(orders.total, 0)
  assert.equal(orders.limit, 5)
  assert.equal(orders.offset, 0)
  const baskets = await api.getCustomerBaskets({ parameters: { customerId } })
  assert.equal(baskets.total, 0)
  step('getCustomerOrders and getCustomerBaskets', 'offset/limit/total')

  const wishList = await api.createCustomerProductList({
    parameters: { customerId },
    body: { type: 'wish_list', name: 'Birthday', public: true, description: 'For May' },
  })
  assert.equal(wishList.type, 'wish_list')
  assert.equal(wishList.itemsLink, undefined)
  const item = await api.createCustomerProductListItem({
    parameters: { customerId, listId: wishList.id },
    body: { productId: '25591862M', quantity: 2, priority: 1, public: true, type: 'product' },
  })
  assert.equal(item.productId, '25591862M')
  assert.equal(item.purchasedQuantity, 0)
  const moreOf = await api.updateCustomerProductListItem({
    parameters: { customerId, listId: wishList.id, itemId: item.id },
    body: { quantity: 3 },
  })
  assert.equal(moreOf.quantity, 3)
  assert.equal((await api.getCustomerProductListItem({ parameters: { customerId, listId: wishList.id, itemId: item.id } })).quantity, 3)
  const renamedList = await api.updateCustomerProductList({ parameters: { customerId, listId: wishList.id }, body: { name: 'Birthday 2027' } })
  assert.equal(renamedList.name, 'Birthday 2027')
  const fullList = await api.getCustomerProductList({ parameters: { customerId, listId: wishList.id } })
  assert.equal(fullList.customerProductListItems.length, 1)
  const allLists = await api.getCustomerProductLists({ parameters: { customerId } })
  assert.equal(allLists.total, 1)
  assert.equal(allLists.data[0].id, wishList.id)
  const hidden = await api.createCustomerProductListItem({
    parameters: { customerId, listId: wishList.id },
    body: { productId: '25518823M', quantity: 1, priority: 2, public: false, type: 'product' },
  })
  // Any shopper (a guest here) finds the public list and its public items only.
  const stranger = shopperCustomers(guest.access_token)
  const found = await stranger.getPublicProductListsBySearchTerm({ parameters: { email: `${login}@example.com` } })
  assert.equal(found.total, 1)
  assert.equal(found.data[0].id, wishList.id)
  assert.equal(found.data[0].title, 'Birthday 2027')
  const publicList = await stranger.getPublicProductList({ parameters: { listId: wishList.id } })
  assert.deepEqual(publicList.productListItems.map((entry) => entry.id), [item.id])
  assert.equal(publicList.productListItems[0].quantity, undefined)
  const publicItems = await stranger.getPublicProductListItems({ parameters: { listId: wishList.id } })
  assert.equal(publicItems.total, 1)
  assert.equal((await stranger.getProductListItem({ parameters: { listId: wishList.id, itemId: item.id } })).productId, '25591862M')
  await expectError(stranger.getProductListItem({ parameters: { listId: wishList.id, itemId: hidden.id } }), 404)
  step('public product lists', 'search, list, items, item; private items hidden')
  await api.deleteCustomerProductListItem({ parameters: { customerId, listId: wishList.id, itemId: hidden.id } })
  await api.deleteCustomerProductListItem({ parameters: { customerId, listId: wishList.id, itemId: item.id } })
  await api.deleteCustomerProductList({ parameters: { customerId, listId: wishList.id } })
  await expectError(api.getCustomerProductList({ parameters: { customerId, listId: wishList.id } }), 404)
  step('product lists and items', 'create, get, update, list, delete')

  // --- one customer base: OCAPI and SCAPI read each other's writes, with the SLAS token ---
  await ocapi('PATCH', `/customers/${customerId}`, session.access_token, { job_title: 'Engineer' })
  assert.equal((await api.getCustomer({ parameters: { customerId } })).jobTitle, 'Engineer')
  await api.updateCustomer({ parameters: { customerId }, body: { companyName: 'Analytical Engines' } })
  const viaOcapi = await ocapi('GET', `/customers/${customerId}`, session.access_token)
  assert.equal(viaOcapi.company_name, 'Analytical Engines')
  assert.equal(viaOcapi.c_loyalty, 'gold')
  step('OCAPI write read through SCAPI, and the reverse')

  const newPassword = 'Scapi!Passw0rd-2'
  await api.updateCustomerPassword({ parameters: { customerId }, body: { currentPassword: password, password: newPassword } })
  const afterChange = await helpers.loginRegisteredUserB2C({
    slasClient: slas,
    credentials: { username: login, password: newPassword },
    parameters: { redirectURI },
  })
  assert.equal(afterChange.customer_id, customerId)
  step('updateCustomerPassword')

  // --- a private client: guest tokens with its secret, reset tokens ---
  const privateSlas = new ShopperLogin({ ...config, parameters: { ...parameters, clientId: privateClientId } })
  const privateGuest = await helpers.loginGuestUserPrivate({ slasClient: privateSlas, parameters: {}, credentials: { clientSecret: privateSecret } })
  assert.equal(isb(privateGuest.access_token).upn, 'Guest')
  step('loginGuestUserPrivate', privateGuest.customer_id)

  const trusted = new ShopperCustomers({ ...config, parameters: { ...parameters, clientId: privateClientId }, headers: { authorization: `Bearer ${privateGuest.access_token}` } })
  const reset = await trusted.getResetPasswordToken({ body: { login } })
  assert.equal(reset.login, login)
  assert.ok(reset.resetToken && reset.expiresInMinutes > 0)
  await expectError(shopperCustomers(guest.access_token).getResetPasswordToken({ body: { login } }), 403)
  await shopperCustomers(guest.access_token).resetPassword({ body: { resetToken: reset.resetToken, login, newPassword: 'Scapi!Passw0rd-3' } })
  await helpers.loginRegisteredUserB2C({ slasClient: slas, credentials: { username: login, password: 'Scapi!Passw0rd-3' }, parameters: { redirectURI } })
  step('getResetPasswordToken and resetPassword')

  await helpers.logout({ slasClient: slas, parameters: { accessToken: afterChange.access_token, refreshToken: afterChange.refresh_token } })
  const loggedOut = await expectError(shopperCustomers(afterChange.access_token).getCustomer({ parameters: { customerId } }), 401)
  assert.match(loggedOut.type, /\/errors\//)
  step('logout', 'the access token no longer works')
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
