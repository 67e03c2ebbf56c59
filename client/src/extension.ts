// placeholder: replaced by the extension entry
