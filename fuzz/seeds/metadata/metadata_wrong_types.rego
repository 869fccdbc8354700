package bad.types

# METADATA
# custom:
#   id: BAD1
#   tags: "not a list"
deny contains "x" if { false }
