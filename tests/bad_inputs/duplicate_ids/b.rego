package dup.b

# METADATA
# custom:
#   id: DUP1
deny contains "b" if { false }
