/**
 * The schema, as an append-only list: each entry runs once, in order, inside a transaction, and its
 * number is recorded in `schema_migrations`. Never edit a shipped entry; add a new one.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'users, sessions, masters, invoices, files',
    sql: `
      CREATE TABLE user (
        name TEXT PRIMARY KEY,
        full_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        api_key TEXT UNIQUE,
        api_secret_hash TEXT,
        creation TEXT NOT NULL
      );
      CREATE TABLE has_role (
        user TEXT NOT NULL REFERENCES user(name) ON DELETE CASCADE,
        role TEXT NOT NULL,
        PRIMARY KEY (user, role)
      );
      CREATE TABLE session (
        sid TEXT PRIMARY KEY,
        user TEXT NOT NULL REFERENCES user(name) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX session_expires ON session(expires_at);

      CREATE TABLE supplier (
        name TEXT PRIMARY KEY,
        supplier_name TEXT NOT NULL,
        supplier_group TEXT,
        default_currency TEXT NOT NULL,
        creation TEXT NOT NULL,
        modified TEXT NOT NULL
      );
      CREATE TABLE item (
        name TEXT PRIMARY KEY,
        item_code TEXT NOT NULL UNIQUE,
        item_name TEXT NOT NULL,
        stock_uom TEXT NOT NULL,
        standard_rate REAL NOT NULL DEFAULT 0,
        creation TEXT NOT NULL,
        modified TEXT NOT NULL
      );

      CREATE TABLE naming_series (
        prefix TEXT PRIMARY KEY,
        current INTEGER NOT NULL
      );
      CREATE TABLE purchase_invoice (
        name TEXT PRIMARY KEY,
        client_request_id TEXT NOT NULL UNIQUE,
        supplier TEXT NOT NULL REFERENCES supplier(name),
        supplier_name TEXT NOT NULL,
        bill_no TEXT NOT NULL,
        bill_date TEXT NOT NULL,
        posting_date TEXT NOT NULL,
        currency TEXT NOT NULL,
        docstatus INTEGER NOT NULL DEFAULT 0,
        expected_items INTEGER NOT NULL,
        items_received INTEGER NOT NULL DEFAULT 0,
        grand_total_cents INTEGER NOT NULL DEFAULT 0,
        total_qty REAL NOT NULL DEFAULT 0,
        owner TEXT NOT NULL,
        creation TEXT NOT NULL,
        modified TEXT NOT NULL,
        UNIQUE (supplier, bill_no)
      );
      CREATE TABLE invoice_batch (
        parent TEXT NOT NULL REFERENCES purchase_invoice(name) ON DELETE CASCADE,
        batch_index INTEGER NOT NULL,
        item_count INTEGER NOT NULL,
        payload_hash TEXT NOT NULL,
        creation TEXT NOT NULL,
        PRIMARY KEY (parent, batch_index)
      );
      CREATE TABLE purchase_invoice_item (
        parent TEXT NOT NULL REFERENCES purchase_invoice(name) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        batch_index INTEGER NOT NULL,
        item_code TEXT NOT NULL REFERENCES item(name),
        item_name TEXT NOT NULL,
        qty REAL NOT NULL,
        rate REAL NOT NULL,
        amount_cents INTEGER NOT NULL,
        uom TEXT NOT NULL,
        description TEXT,
        warehouse TEXT,
        PRIMARY KEY (parent, idx)
      );

      CREATE TABLE file (
        name TEXT PRIMARY KEY,
        file_name TEXT NOT NULL,
        file_url TEXT NOT NULL UNIQUE,
        file_size INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        content_type TEXT NOT NULL,
        attached_to_doctype TEXT,
        attached_to_name TEXT,
        is_private INTEGER NOT NULL,
        owner TEXT NOT NULL,
        creation TEXT NOT NULL,
        modified TEXT NOT NULL
      );
      CREATE INDEX file_attached ON file(attached_to_doctype, attached_to_name);
    `,
  },
  {
    version: 2,
    name: 'purchase invoice: the total printed on the document',
    // In cents like grand_total; NULL when the clerk left it empty.
    sql: `ALTER TABLE purchase_invoice ADD COLUMN document_total_cents INTEGER;`,
  },
  {
    version: 3,
    name: 'login attempts counted per user name and per client address',
    sql: `
      CREATE TABLE login_attempt (
        key TEXT PRIMARY KEY,
        count INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX login_attempt_expires ON login_attempt(expires_at);
    `,
  },
]
