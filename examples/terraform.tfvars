project     = "shop"
environment = "prod"

# mistake: somebody opened the database "for a quick debugging session"
db_publicly_accessible = true

# correct: overrides the unsafe default of variables.tf
encrypt_app_volume = true
