"""Commerce Cloud customer import/export XML (``impex/customer/2006-10-31``).

Merchants move customer bases on and off Commerce Cloud with this format. The package
reads and writes it as a stream, so a file of millions of customers costs the same memory
as a file of ten:

* ``names``     the format's element names and the model fields they map to;
* ``records``   what one ``<customer>`` says, as plain data, and the problems found in it;
* ``reader``    the defused streaming parser: XML file -> records;
* ``importer``  records -> database, in batches of one transaction each;
* ``writer``    customer rows -> XML text;
* ``exporter``  database -> XML, streamed in chunks;
* ``admin``     the admin action for small selections.

``manage.py import_customers`` and ``manage.py export_customers`` drive them.
"""
