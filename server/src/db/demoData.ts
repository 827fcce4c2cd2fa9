/** Demo master data seeded on first start (skip with SCANNER_SEED_DEMO=0). Listed in docs/api.md. */

export interface DemoSupplier {
  name: string
  supplier_group: string
  default_currency: string
}

export interface DemoItem {
  item_code: string
  item_name: string
  stock_uom: string
  standard_rate: number
}

export const DEMO_SUPPLIERS: DemoSupplier[] = [
  { name: 'Aldi Süd', supplier_group: 'Retail', default_currency: 'EUR' },
  { name: 'Lidl Dienstleistung', supplier_group: 'Retail', default_currency: 'EUR' },
  { name: 'REWE Markt', supplier_group: 'Retail', default_currency: 'EUR' },
  { name: 'Edeka Zentrale', supplier_group: 'Retail', default_currency: 'EUR' },
  { name: 'Kaufland', supplier_group: 'Retail', default_currency: 'EUR' },
  { name: 'Marktkauf', supplier_group: 'Retail', default_currency: 'EUR' },
  { name: 'Real', supplier_group: 'Retail', default_currency: 'EUR' },
  { name: 'Rossmann', supplier_group: 'Retail', default_currency: 'EUR' },
  { name: 'dm-drogerie markt', supplier_group: 'Retail', default_currency: 'EUR' },
  { name: 'MediaMarkt', supplier_group: 'Electronics', default_currency: 'EUR' },
  { name: 'Saturn', supplier_group: 'Electronics', default_currency: 'EUR' },
  { name: 'Conrad Electronic', supplier_group: 'Electronics', default_currency: 'EUR' },
  { name: 'Hornbach', supplier_group: 'Hardware', default_currency: 'EUR' },
  { name: 'OBI', supplier_group: 'Hardware', default_currency: 'EUR' },
  { name: 'Bauhaus', supplier_group: 'Hardware', default_currency: 'EUR' },
  { name: 'Würth', supplier_group: 'Hardware', default_currency: 'EUR' },
  { name: 'IKEA Deutschland', supplier_group: 'Furniture', default_currency: 'EUR' },
  { name: 'Staples Office Supplies', supplier_group: 'Office', default_currency: 'EUR' },
  { name: 'Viking Büromaterial', supplier_group: 'Office', default_currency: 'EUR' },
  { name: 'Lyreco', supplier_group: 'Office', default_currency: 'EUR' },
  { name: 'Metro Cash & Carry', supplier_group: 'Wholesale', default_currency: 'EUR' },
  { name: 'Selgros', supplier_group: 'Wholesale', default_currency: 'EUR' },
  { name: 'Shell Deutschland', supplier_group: 'Fuel', default_currency: 'EUR' },
  { name: 'Aral', supplier_group: 'Fuel', default_currency: 'EUR' },
  { name: 'Deutsche Bahn', supplier_group: 'Travel', default_currency: 'EUR' },
  { name: 'Telekom Deutschland', supplier_group: 'Services', default_currency: 'EUR' },
  { name: 'Amazon Web Services', supplier_group: 'Services', default_currency: 'USD' },
  { name: 'Adobe Systems', supplier_group: 'Services', default_currency: 'USD' },
  { name: 'Tesco Stores', supplier_group: 'Retail', default_currency: 'GBP' },
  { name: 'Screwfix Direct', supplier_group: 'Hardware', default_currency: 'GBP' },
]

export const DEMO_ITEMS: DemoItem[] = [
  { item_code: 'PAPER-A4', item_name: 'Copy paper A4, 80 g, 500 sheets', stock_uom: 'Box', standard_rate: 4.99 },
  { item_code: 'PAPER-A3', item_name: 'Copy paper A3, 80 g, 500 sheets', stock_uom: 'Box', standard_rate: 9.49 },
  { item_code: 'PEN-BLUE', item_name: 'Ballpoint pen, blue', stock_uom: 'Nos', standard_rate: 0.89 },
  { item_code: 'PEN-BLACK', item_name: 'Ballpoint pen, black', stock_uom: 'Nos', standard_rate: 0.89 },
  { item_code: 'MARKER-SET', item_name: 'Whiteboard marker set (4 colours)', stock_uom: 'Box', standard_rate: 6.5 },
  { item_code: 'STAPLER', item_name: 'Desk stapler', stock_uom: 'Nos', standard_rate: 12.9 },
  { item_code: 'STAPLES-24-6', item_name: 'Staples 24/6, 1000 pcs', stock_uom: 'Box', standard_rate: 1.49 },
  { item_code: 'FOLDER-A4', item_name: 'Lever arch folder A4', stock_uom: 'Nos', standard_rate: 2.79 },
  { item_code: 'ENVELOPE-C5', item_name: 'Envelopes C5, 50 pcs', stock_uom: 'Box', standard_rate: 3.99 },
  { item_code: 'TONER-HP-305A', item_name: 'Toner cartridge HP 305A black', stock_uom: 'Nos', standard_rate: 79.0 },
  { item_code: 'USB-C-CABLE', item_name: 'USB-C cable, 2 m', stock_uom: 'Nos', standard_rate: 9.99 },
  { item_code: 'HDMI-CABLE', item_name: 'HDMI cable, 1.5 m', stock_uom: 'Nos', standard_rate: 7.99 },
  { item_code: 'MOUSE-WIRELESS', item_name: 'Wireless mouse', stock_uom: 'Nos', standard_rate: 24.99 },
  { item_code: 'KEYBOARD-DE', item_name: 'Keyboard, German layout', stock_uom: 'Nos', standard_rate: 34.99 },
  { item_code: 'MONITOR-27', item_name: 'Monitor 27", IPS', stock_uom: 'Nos', standard_rate: 229.0 },
  { item_code: 'BATTERY-AA', item_name: 'Batteries AA, 8 pack', stock_uom: 'Box', standard_rate: 5.49 },
  { item_code: 'LED-BULB-E27', item_name: 'LED bulb E27, 9 W', stock_uom: 'Nos', standard_rate: 3.29 },
  { item_code: 'SCREW-4X40', item_name: 'Wood screws 4 x 40 mm, 200 pcs', stock_uom: 'Box', standard_rate: 6.95 },
  { item_code: 'DOWEL-8MM', item_name: 'Wall plugs 8 mm, 100 pcs', stock_uom: 'Box', standard_rate: 4.5 },
  { item_code: 'PAINT-WHITE-10L', item_name: 'Interior paint, white, 10 l', stock_uom: 'Nos', standard_rate: 39.9 },
  { item_code: 'TIMBER-PINE', item_name: 'Pine timber 44 x 44 mm', stock_uom: 'Meter', standard_rate: 2.49 },
  { item_code: 'CABLE-NYM-3X1.5', item_name: 'Installation cable NYM-J 3 x 1.5 mm²', stock_uom: 'Meter', standard_rate: 0.99 },
  { item_code: 'SILICONE-CLEAR', item_name: 'Silicone sealant, clear, 310 ml', stock_uom: 'Nos', standard_rate: 5.99 },
  { item_code: 'COFFEE-BEANS', item_name: 'Coffee beans, 1 kg', stock_uom: 'Kg', standard_rate: 14.99 },
  { item_code: 'TEA-BLACK', item_name: 'Black tea, 100 bags', stock_uom: 'Box', standard_rate: 3.49 },
  { item_code: 'MILK-1L', item_name: 'Milk 1.5 %, 1 l', stock_uom: 'Litre', standard_rate: 1.09 },
  { item_code: 'WATER-1.5L', item_name: 'Mineral water, 1.5 l', stock_uom: 'Litre', standard_rate: 0.45 },
  { item_code: 'SUGAR-1KG', item_name: 'Sugar, 1 kg', stock_uom: 'Kg', standard_rate: 1.19 },
  { item_code: 'BANANAS', item_name: 'Bananas', stock_uom: 'Kg', standard_rate: 1.69 },
  { item_code: 'APPLES', item_name: 'Apples', stock_uom: 'Kg', standard_rate: 2.49 },
  { item_code: 'BREAD', item_name: 'Whole grain bread, 500 g', stock_uom: 'Nos', standard_rate: 1.99 },
  { item_code: 'CLEANER-ALL', item_name: 'All-purpose cleaner, 1 l', stock_uom: 'Litre', standard_rate: 2.29 },
  { item_code: 'DISH-SOAP', item_name: 'Dishwashing liquid, 500 ml', stock_uom: 'Nos', standard_rate: 1.45 },
  { item_code: 'HAND-SOAP', item_name: 'Hand soap refill, 500 ml', stock_uom: 'Nos', standard_rate: 1.95 },
  { item_code: 'TOILET-PAPER', item_name: 'Toilet paper, 8 rolls', stock_uom: 'Box', standard_rate: 3.95 },
  { item_code: 'PAPER-TOWEL', item_name: 'Paper towels, 4 rolls', stock_uom: 'Box', standard_rate: 2.99 },
  { item_code: 'BIN-BAGS-60L', item_name: 'Bin bags 60 l, 20 pcs', stock_uom: 'Box', standard_rate: 2.49 },
  { item_code: 'DIESEL', item_name: 'Diesel fuel', stock_uom: 'Litre', standard_rate: 1.69 },
  { item_code: 'PETROL-E10', item_name: 'Petrol Super E10', stock_uom: 'Litre', standard_rate: 1.79 },
  { item_code: 'TRAIN-TICKET', item_name: 'Train ticket', stock_uom: 'Nos', standard_rate: 59.9 },
  { item_code: 'CLOUD-HOSTING', item_name: 'Cloud hosting, monthly', stock_uom: 'Nos', standard_rate: 120.0 },
  { item_code: 'SOFTWARE-LICENSE', item_name: 'Software licence, monthly', stock_uom: 'Nos', standard_rate: 59.99 },
  { item_code: 'PHONE-PLAN', item_name: 'Mobile phone plan, monthly', stock_uom: 'Nos', standard_rate: 29.95 },
  { item_code: 'DESK-CHAIR', item_name: 'Office chair', stock_uom: 'Nos', standard_rate: 149.0 },
  { item_code: 'SHELF-UNIT', item_name: 'Shelf unit 80 x 180 cm', stock_uom: 'Nos', standard_rate: 49.99 },
  { item_code: 'MISC', item_name: 'Miscellaneous purchase', stock_uom: 'Nos', standard_rate: 0 },
]
