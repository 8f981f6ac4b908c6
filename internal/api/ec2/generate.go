package ec2

//go:generate go run ../../../tools/awsgen -service ec2 -ops operations.txt -out shapes_gen.go -pkg ec2
