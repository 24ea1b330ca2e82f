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

  // A card tokenized by the payment provider: the token instead of the number, and the
  // masked number the provider showed. The token is stored, never returned.
  const token = 'tok_' + Math.random().toString(36).slice(2)
  const tokenizedRequest = new ShopApi.CustomerPaymentInstrumentRequest()
  Object.assign(tokenizedRequest, {
    payment_method_id: 'CREDIT_CARD',
    payment_card: Object.assign(new ShopApi.CustomerPaymentCardRequest(), {
      card_type: 'Mastercard', holder: 'Ada Sdk', credit_card_token: token, number: '************4444',
    }),
  })
  const tokenized = await customers.postCustomersByIDPaymentInstruments(id, tokenizedRequest)
  assert.ok(tokenized instanceof ShopApi.CustomerPaymentInstrument)
  assert.equal(tokenized.payment_card.masked_number, '************4444')
  assert.equal(tokenized.payment_card.number_last_digits, '4444')
  assert.equal(tokenized.payment_card.credit_card_token, undefined)
  assert.ok(!JSON.stringify(tokenized).includes(token))
  step('tokenized card', tokenized.payment_card.masked_number)

  const full = await customers.getCustomersByID(id, { expand: ['addresses', 'paymentinstruments'] })
  assert.equal(full.addresses.length, 1)
  assert.equal(full.payment_instruments.length, 2)
  assert.ok(!JSON.stringify(full).includes(token))
  step('customer with expand')

  await productListJourney(id)

  const orders = await customers.getCustomersByIDOrders(id, {})
  assert.equal(orders.total, 0)
  step('orders', `${orders.total}`)

  // A second device signed in as the same customer: its own SDK client and token.
  const otherDevice = new ShopApi.ApiClient({ basePath, defaultHeaders: {} })
  otherDevice.authentications.client_id.apiKey = clientId
  const otherCustomers = new ShopApi.CustomersApi(otherDevice)
  await otherCustomers.postCustomersAuth(new ShopApi.AuthRequest('credentials'), {
    authorization: basic(login, password),
  })
  assert.equal((await otherCustomers.getCustomersByID(id)).customer_id, id)

  // PUT is sent as POST + x-dw-http-method-override by the SDK's default configuration.
  const tokenBefore = client.defaultHeaders.authorization
  await customers.putCustomersByIDPassword(id, new ShopApi.PasswordChangeRequest(password, password + 'x'))
  step('password change (override)')

  // The storefront that changed the password stays signed in with the token it holds (the
  // SDK picks up new tokens from POST /customers/auth only).
  assert.equal(client.defaultHeaders.authorization, tokenBefore)
  const stillMe = await customers.getCustomersByID(id)
  assert.equal(stillMe.customer_id, id)
  step('same session after password change')

  // The SDK rejects with the fault document's `fault` (a Fault model).
  await assert.rejects(otherCustomers.getCustomersByID(id), (fault) => {
    assert.equal(fault.type, 'InvalidAccessTokenException')
    return true
  })
  step('other session ended by password change')

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

// Every product list method of the SDK: a gift registry with an item, a gift certificate
// and a purchase, read back with expansions, changed, and deleted.
async function productListJourney(id) {
  const registryRequest = Object.assign(new ShopApi.CustomerProductList(), {
    type: 'gift_registry',
    name: 'Our wedding',
    public: true,
    event: Object.assign(new ShopApi.ProductListEvent(), {
      type: 'Wedding', city: 'Burlington', state: 'MA', country: 'US', date: '2030-06-01T00:00Z',
    }),
    registrant: Object.assign(new ShopApi.CustomerProductListRegistrant(), {
      first_name: 'Ada', last_name: 'Sdk', role: 'Bride', email: `${login}@example.com`,
    }),
    shipping_address_link: Object.assign(new ShopApi.CustomerAddressLink(), { address_id: 'home' }),
  })
  const registry = await customers.postCustomersByIDProductLists(id, registryRequest)
  assert.ok(registry instanceof ShopApi.CustomerProductList)
  assert.equal(registry.type, 'gift_registry')
  assert.ok(registry.event instanceof ShopApi.ProductListEvent)
  assert.equal(registry.event.date.toISOString(), '2030-06-01T00:00:00.000Z')
  assert.ok(registry.registrant instanceof ShopApi.CustomerProductListRegistrant)
  assert.equal(registry.registrant.role, 'Bride')
  assert.ok(registry.shipping_address_link instanceof ShopApi.CustomerAddressLink)
  assert.equal(registry.shipping_address_link.title, 'home, Ada Sdk, Burlington')
  assert.ok(registry.items_link instanceof ShopApi.CustomerProductListItemLink)
  assert.equal(registry.items_link.title, '0 items')
  step('create product list', registry.id)

  const itemRequest = Object.assign(new ShopApi.CustomerProductListItem(), {
    type: 'product', product_id: '008884303989', quantity: 2, priority: 1, public: true,
  })
  const item = await customers.postCustomersByIDProductListsByIDItems(id, registry.id, itemRequest)
  assert.ok(item instanceof ShopApi.CustomerProductListItem)
  assert.equal(item.product_id, '008884303989')
  assert.equal(item.quantity, 2)
  assert.ok(item.product_details_link instanceof ShopApi.ProductSimpleLink)
  assert.equal(item.product_details_link.title, 'Fitted Shirt')
  // The product the item's product_details_link names answers: the SDK's Products API.
  const product = await new ShopApi.ProductsApi(client).getProductsByID(
    item.product_id, { expand: ['prices', 'images', 'availability'] },
  )
  assert.ok(product instanceof ShopApi.Product)
  assert.equal(product.id, '008884303989')
  assert.equal(typeof product.price, 'number')
  assert.ok(product.image_groups.length > 0)
  assert.ok(product.inventory instanceof ShopApi.Inventory)
  step('product details link', product.name)
  const gift = await customers.postCustomersByIDProductListsByIDItems(
    id, registry.id, Object.assign(new ShopApi.CustomerProductListItem(), { type: 'gift_certificate' }),
  )
  assert.equal(gift.type, 'gift_certificate')
  step('add items', `${item.id}, ${gift.id}`)

  const purchaseRequest = Object.assign(new ShopApi.CustomerProductListItemPurchase(), {
    purchaser_name: 'Grace Hopper', quantity: 1, order_no: '00000042',
  })
  const purchase = await customers.postCustomersByIDProductListsByIDItemsByIDPurchases(
    id, registry.id, item.id, purchaseRequest,
  )
  assert.ok(purchase instanceof ShopApi.CustomerProductListItemPurchase)
  assert.equal(purchase.product_list_item_id, item.id)
  assert.equal(purchase.purchaser_name, 'Grace Hopper')
  step('add purchase', purchase.id)

  const expand = ['product', 'images', 'availability']
  const lists = await customers.getCustomersByIDProductLists(id, { expand })
  assert.ok(lists instanceof ShopApi.CustomerProductListResult)
  assert.equal(lists.total, 1)
  const embedded = lists.data[0].customer_product_list_items
  assert.ok(embedded[0] instanceof ShopApi.CustomerProductListItem)
  assert.equal(embedded[0].purchased_quantity, 1)
  assert.ok(embedded[0].product instanceof ShopApi.Product)
  assert.ok(embedded[0].product.inventory instanceof ShopApi.Inventory)
  assert.equal(embedded[0].product.inventory.stock_level, 7)
  const one = await customers.getCustomersByIDProductListsByID(id, registry.id, { expand: ['product'] })
  assert.ok(one instanceof ShopApi.CustomerProductList)
  assert.equal(one.items_link.title, '2 items')
  step('read product lists', `${lists.total} list`)

  const renamed = await customers.patchCustomersByIDProductListsByID(
    Object.assign(new ShopApi.CustomerProductList(), { name: 'Our big day' }), id, registry.id,
  )
  assert.ok(renamed instanceof ShopApi.CustomerProductList)
  assert.equal(renamed.name, 'Our big day')
  step('rename product list')

  const page = await customers.getCustomersByIDProductListsByIDItems(id, registry.id, { start: 0, count: 1, expand })
  assert.ok(page instanceof ShopApi.CustomerProductListItemResult)
  assert.equal(page.total, 2)
  assert.equal(page.count, 1)
  assert.ok(page.next.endsWith('count=1&expand=product%2Cimages%2Cavailability&start=1'))
  assert.ok(page.data[0].product.image_groups[0] instanceof ShopApi.ImageGroup)
  const single = await customers.getCustomersByIDProductListsByIDItemsByID(id, registry.id, item.id, { expand: ['product'] })
  assert.ok(single instanceof ShopApi.CustomerProductListItem)
  assert.equal(single.product.name, 'Fitted Shirt')
  const changed = await customers.patchCustomersByIDProductListsByIDItemsByID(
    id, registry.id, item.id, Object.assign(new ShopApi.CustomerProductListItem(), { quantity: 3 }),
  )
  assert.ok(changed instanceof ShopApi.CustomerProductListItem)
  assert.equal(changed.quantity, 3)
  assert.equal(changed.purchased_quantity, 1)
  step('read and change items', `${page.total} items`)

  const bought = await customers.getCustomersByIDProductListsByIDItemsByIDPurchases(id, registry.id, item.id)
  assert.ok(bought instanceof ShopApi.CustomerProductListItemPurchaseResult)
  assert.equal(bought.data[0].id, purchase.id)
  const found = await customers.getCustomersByIDProductListsByIDItemsByIDPurchasesByID(
    id, registry.id, item.id, purchase.id,
  )
  assert.ok(found instanceof ShopApi.CustomerProductListItemPurchase)
  assert.equal(found.order_no, '00000042')
  const patchedPurchase = await customers.patchCustomersByIDProductListsByIDItemsByIDPurchasesByID(
    id, registry.id, item.id, purchase.id,
    Object.assign(new ShopApi.CustomerProductListItemPurchase(), { c_thanked: true }),
  )
  assert.ok(patchedPurchase instanceof ShopApi.CustomerProductListItemPurchase)
  assert.equal(patchedPurchase.quantity, 1)
  step('read and change purchases', `${bought.total} purchase`)

  await customers.deleteCustomersByIDProductListsByIDItemsByID(id, registry.id, gift.id)
  const remaining = await customers.getCustomersByIDProductListsByIDItems(id, registry.id, {})
  assert.equal(remaining.total, 1)
  await customers.deleteCustomersByIDProductListsByID(id, registry.id)
  await assert.rejects(customers.getCustomersByIDProductListsByID(id, registry.id, {}), (fault) => {
    assert.equal(fault.type, 'ProductListNotFoundException')
    return true
  })
  step('delete item and product list')
}

main().catch((error) => {
  console.error('FAILED', error)
  process.exit(1)
})
