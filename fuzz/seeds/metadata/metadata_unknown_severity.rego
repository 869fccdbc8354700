package bad.severity

# METADATA
# custom:
#   id: BAD2
#   severity: urgent
deny contains "x" if { false }
