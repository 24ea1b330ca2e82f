// A storefront journey through the published commercecloud-ocapi-client SDK, unchanged,
// against a running shopsite: node sdk_journey.mjs BASE_URL CLIENT_ID
// (BASE_URL like http://127.0.0.1:8000/s/SiteGenesis/dw/shop/v20_4). Prints one line per
// step; exits non-zero at the first step whose result differs from what a storefront needs.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const ShopApi = require('commercecloud-ocapi-client')

const [basePath, clientId] = process.argv.slice(2)
const client = new ShopApi.ApiClient({ basePath, defaultHeaders: {} })
client.authentications.client_id.apiKey = clientId
ShopApi.ApiClient.instance = client
const customers = new ShopApi.CustomersApi(client)

const login = `sdk-${Date.now()}`
const password = 'Sdk!Passw0rd-1'
const basic = (user, secret) => 'Basic ' + Buffer.from(`${user}:${secret}`).toString('base64')
const step = (name, detail = '') => console.log(`ok  ${name}${detail ? ': ' + detail : ''}`)

async function main() {
  const guest = await customers.postCustomersAuth(new ShopApi.AuthRequest('guest'))
  assert.equal(guest.auth_type, 'guest')
  assert.match(client.defaultHeaders.authorization, /^Bearer /)
  step('guest token', guest.customer_id)

  const profile = new ShopApi.Customer()
  Object.assign(profile, { login, email: `${login}@example.com`, last_name: 'Sdk', first_name: 'Ada' })
  const registration = new ShopApi.CustomerRegistration(profile)
  registration.password = password
  const registered = await customers.postCustomers(registration)
  assert.equal(registered.login, login)
  assert.equal(registered.auth_type, 'registered')
  step('register', registered.customer_no)

  const me = await customers.postCustomersAuth(new ShopApi.AuthRequest('credentials'), {
    authorization: basic(login, password),
  })
  assert.equal(me.customer_id, registered.customer_id)
  const id = me.customer_id
  step('credentials login', id)

  const patch = new ShopApi.Customer()
  patch.phone_mobile = '555-0100'
  const patched = await customers.patchCustomersByID(id, patch)
  assert.equal(patched.phone_mobile, '555-0100')
  step('patch customer')

  const address = new ShopApi.CustomerAddress()
  Object.assign(address, {
    address_id: 'home', address1: '5 Wall St', city: 'Burlington', country_code: 'US',
    first_name: 'Ada', last_name: 'Sdk', postal_code: '01805', preferred: true,
  })
  const created = await customers.postCustomersByIDAddresses(id, address)
  assert.equal(created.full_name, 'Ada Sdk')
  const book = await customers.getCustomersByIDAddresses(id, { start: 0, count: 1 })
  assert.equal(book.total, 1)
  assert.equal(book.data[0].address_id, 'home')
  step('address book', `${book.total} address`)

  const card = new ShopApi.CustomerPaymentInstrumentRequest()
  Object.assign(card, {
    payment_method_id: 'CREDIT_CARD',
    payment_card: {
      card_type: 'Visa', holder: 'Ada Sdk', number: '4111111111111111',
      expiration_month: 12, expiration_year: new Date().getFullYear() + 2,
    },
  })
  const instrument = await customers.postCustomersByIDPaymentInstruments(id, card)
  assert.equal(instrument.payment_card.number_last_digits, '1111')
  assert.ok(!JSON.stringify(instrument).includes('4111111111111111'))
  step('payment instrument', instrument.payment_card.masked_number)

  const full = await customers.getCustomersByID(id, { expand: ['addresses', 'paymentinstruments'] })
  assert.equal(full.addresses.length, 1)
  assert.equal(full.payment_instruments.length, 1)
  step('customer with expand')

  const orders = await customers.getCustomersByIDOrders(id, {})
  assert.equal(orders.total, 0)
  step('orders', `${orders.total}`)

  // PUT is sent as POST + x-dw-http-method-override by the SDK's default configuration.
  await customers.putCustomersByIDPassword(id, new ShopApi.PasswordChangeRequest(password, password + 'x'))
  step('password change (override)')

  // The SDK rejects with the fault document's `fault` (a Fault model).
  await assert.rejects(customers.getCustomersByID(id), (fault) => {
    assert.equal(fault.type, 'InvalidAccessTokenException')
    return true
  })
  step('old token refused after password change')

  await customers.postCustomersAuth(new ShopApi.AuthRequest('credentials'), {
    authorization: basic(login, password + 'x'),
  })
  await customers.deleteCustomersAuth({ authorization: client.defaultHeaders.authorization })
  step('logout')

  await assert.rejects(
    customers.postCustomersAuth(new ShopApi.AuthRequest('credentials'), { authorization: basic(login, 'wrong') }),
    (fault) => {
      assert.equal(fault.type, 'AuthenticationFailedException')
      return true
    },
  )
  step('fault document on a wrong password')
}

main().catch((error) => {
  console.error('FAILED', error)
  process.exit(1)
})
