package redshift

//go:generate go run ../../../tools/awsgen -service redshift -ops operations.txt -out shapes_gen.go -pkg redshift
